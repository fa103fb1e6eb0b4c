// Stands in for the 'server-only' guard package when unit tests import server modules.
export {};
