console.log("supervisor");
