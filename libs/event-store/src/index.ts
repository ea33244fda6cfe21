export * from "./event-store";
