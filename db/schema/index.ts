export * from './auth';
export * from './lexicons';
export * from './studies';
export * from './cases';
export * from './reads';
export * from './audit';
export * from './reference';
export * from './consensus';
