/** The one set of time constants: every other file imports these instead of spelling 3_600_000 again. */
export const MS_PER_SECOND = 1_000;
export const MS_PER_MINUTE = 60 * MS_PER_SECOND;
export const MS_PER_HOUR = 60 * MS_PER_MINUTE;
export const MS_PER_DAY = 24 * MS_PER_HOUR;

/** The same hour as a bigint, for exact GPU-ms arithmetic. */
export const MS_PER_HOUR_BIGINT = BigInt(MS_PER_HOUR);
