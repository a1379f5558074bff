package io.chuangguan.organization;

/** Enterprise size class as in the national statistical standard (大型/中型/小型/微型). */
public enum SizeClass { LARGE, MEDIUM, SMALL, MICRO }
