package io.chuangguan.questionbank;

import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.mutiny.sqlclient.Row;

/**
 * A published question version as papers, reviews and the 错题本 show it, with its key: read once, parsed once
 * (versions never change, and a question never changes its pool). The one mapping of {@code question_version}: it is
 * read only through {@link #COLUMNS} and {@link #of(Row)}.
 */
public record PaperVersion(long id, long questionId, QuestionType type, String stem, List<QuestionOption> options,
        List<String> correctKeys, String explanation, QuestionPool pool) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The columns {@link #of(Row)} reads, of {@code question_version v join question q}. */
    public static final String COLUMNS = "v.id, v.question_id, v.type, v.stem, v.options, v.correct_keys, v.explanation, q.pool";

    public static PaperVersion of(Row r) {
        long id = r.getLong(0);
        return new PaperVersion(id, r.getLong(1), QuestionType.valueOf(r.getString(2)), r.getString(3), options(id, r.getString(4)),
                Arrays.asList(r.getString(5).split(",")), r.getString(6), QuestionPool.valueOf(r.getString(7)));
    }

    /** Options are stored as a JSON array of {key, text}. */
    private static List<QuestionOption> options(long id, String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<QuestionOption>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Question version " + id + " has unreadable options", e);
        }
    }
}
