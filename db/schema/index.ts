export * from './audit.table.js';
export * from './coach-profile.table.js';
export * from './content.table.js';
export * from './engagement.table.js';
export * from './meeting.table.js';
export * from './organisation.table.js';
export * from './outbox.table.js';
export * from './space-members.table.js';
