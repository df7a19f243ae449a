export * from "./clock";
export * from "./duration";
export * from "./schedule";
export * from "./window";
