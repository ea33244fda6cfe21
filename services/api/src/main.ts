console.log("api");
