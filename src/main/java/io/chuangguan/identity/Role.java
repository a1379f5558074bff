package io.chuangguan.identity;

/** What an account may do; its data scope narrows where. */
public enum Role { WORKER, TRAINER, UNION_ADMIN, SYSTEM_ADMIN }
