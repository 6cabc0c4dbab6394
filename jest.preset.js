// Shared Jest settings; each project's jest.config.js spreads this.
module.exports = { testEnvironment: 'node' };
