package io.chuangguan.questionbank;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** What a question says, as of one version. Published versions are immutable: an edit makes a new version. */
@Entity
@Table(name = "question_version")
public class QuestionVersion extends PanacheEntityBase {

    public enum Status { DRAFT, PUBLISHED, RETIRED }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "question_id")
    public Long questionId;
    public int version;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Enumerated(EnumType.STRING)
    public QuestionType type;
    @Column(columnDefinition = "text")
    public String stem;
    /** JSON array of {key, text}. */
    @Column(columnDefinition = "text")
    public String options;
    /** Correct keys in authoring order, "A,C". */
    @Column(name = "correct_keys")
    public String correctKeys;
    @Column(columnDefinition = "text")
    public String explanation;
    public short difficulty;
    public short grade;
    @Column(name = "published_at")
    public Instant publishedAt;

    public List<QuestionOption> optionList() {
        try {
            return JSON.readValue(options, new TypeReference<List<QuestionOption>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Question version " + id + " has unreadable options", e);
        }
    }

    public List<String> correctKeyList() {
        return Arrays.asList(correctKeys.split(","));
    }
}
