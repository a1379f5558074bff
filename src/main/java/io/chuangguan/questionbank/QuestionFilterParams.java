package io.chuangguan.questionbank;

import org.jboss.resteasy.reactive.RestQuery;

import io.chuangguan.questionbank.AuthoringViews.Status;

/** The question list's filters as query parameters, shared by the list and its exports. */
public class QuestionFilterParams {

    @RestQuery
    Status status;
    @RestQuery
    Integer grade;
    @RestQuery
    Integer difficulty;
    @RestQuery
    QuestionType type;
    @RestQuery
    QuestionPool pool;
    @RestQuery
    String knowledgePoint;
    /** An author's account id. */
    @RestQuery
    Long author;
    /** Text in the stem, the options or the number. */
    @RestQuery
    String q;
    /** Only questions whose live version has statistics flags. */
    @RestQuery
    boolean flagged;
    /** ref, updatedAt, facility or discrimination, "-" for descending. */
    @RestQuery
    String sort;

    /** The filter; a sort that is not one of the four is a 400. */
    QuestionAuthoring.Filter filter() {
        QuestionAuthoring.order(sort);
        return new QuestionAuthoring.Filter(status, grade, difficulty, type, pool, knowledgePoint, author, q, flagged, sort);
    }
}
