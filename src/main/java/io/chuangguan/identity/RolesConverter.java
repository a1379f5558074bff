package io.chuangguan.identity;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Roles are few and fixed: stored as "WORKER,TRAINER" (a CHECK constraint guards the column). */
@Converter
public class RolesConverter implements AttributeConverter<Set<Role>, String> {

    @Override
    public String convertToDatabaseColumn(Set<Role> roles) {
        return roles.stream().sorted().map(Role::name).collect(Collectors.joining(","));
    }

    @Override
    public Set<Role> convertToEntityAttribute(String column) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(column.split(",")).map(Role::valueOf).forEach(roles::add);
        return roles;
    }
}
