// Understand: score summaries and analytics over feedback (statistics live in ./stats, pure).
export * from './scores/index.js';
