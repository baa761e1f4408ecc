export const limits = { maxBodyBytes: 4 * 1024 * 1024 };
