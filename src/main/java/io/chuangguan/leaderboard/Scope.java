package io.chuangguan.leaderboard;

/** Who a board ranks: everyone in the province, or the members of one unit. */
public enum Scope { PROVINCE, INDUSTRY, TRADE, CITY, COUNTY, ENTERPRISE, TEAM }
