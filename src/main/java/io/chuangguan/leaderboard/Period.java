package io.chuangguan.leaderboard;

/** Over what time a board counts points. */
public enum Period { ALL_TIME, WEEK, MONTH }
