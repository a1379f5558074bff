package io.chuangguan.demo;

import java.util.List;

/** The shape of {@code demo/organisations.json}: the demo province, its catalog and its enterprises. */
record DemoOrganisations(Named province, List<City> cities, List<IndustryEntry> industries, List<EnterpriseEntry> enterprises) {

    record Named(String code, String name) {
    }

    /** Counties as [code, name] pairs. */
    record City(String code, String name, List<List<String>> counties) {
    }

    /** Trades as [code, name] pairs. */
    record IndustryEntry(String code, String name, List<List<String>> trades) {
    }

    /** Teams as [name, trade code] pairs. */
    record EnterpriseEntry(String name, String county, String industry, String size, List<List<String>> teams) {
    }
}
