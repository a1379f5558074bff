package io.chuangguan.level;

import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How a level draws its questions: each part takes {@code count} questions matching its knowledge points and
 * difficulty band; the rest of the level's question count comes from any question of the level's grade.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DrawRule(List<Part> parts) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Parsed rules by their JSON: every start needs its level's rule, and a level's rule rarely changes. */
    private static final Cache<String, DrawRule> PARSED = Caffeine.newBuilder().maximumSize(10_000).build();

    /** Empty knowledge points mean any; missing difficulty bounds mean 1 and 5. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Part(List<String> knowledgePoints, Integer difficultyMin, Integer difficultyMax, int count) {

        public boolean matches(io.chuangguan.questionbank.Candidate candidate) {
            boolean kp = knowledgePoints == null || knowledgePoints.isEmpty()
                    || knowledgePoints.stream().anyMatch(candidate.knowledgePoints()::contains);
            int min = difficultyMin == null ? 1 : difficultyMin;
            int max = difficultyMax == null ? 5 : difficultyMax;
            return kp && candidate.difficulty() >= min && candidate.difficulty() <= max;
        }
    }

    /** {@link #parse}, remembered. */
    public static DrawRule parseCached(String json) {
        return PARSED.get(json, DrawRule::parse);
    }

    public static DrawRule parse(String json) {
        try {
            DrawRule rule = JSON.readValue(json, DrawRule.class);
            return rule.parts() == null ? new DrawRule(List.of()) : rule;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable draw rule: " + json, e);
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
