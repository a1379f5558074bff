package io.chuangguan.common;

import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** The one place where errors become RFC 9457 problem+json. No stack traces or class names leave the server. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response domain(DomainException e, UriInfo uri) {
        LOG.debugf("%d %s: %s", e.status(), uri.getPath(), e.getMessage());
        Problem problem = Problem.of(e.status(), e.type(), e.title(), e.getMessage(), uri.getPath())
                .withViolations(e.violations());
        Response.ResponseBuilder response = Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (e instanceof RetryLaterException retry) {
            response.header(HttpHeaders.RETRY_AFTER, retry.retryAfterSeconds());
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Violation(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Violation::field))
                .toList();
        LOG.infof("400 %s: %d violations", uri.getPath(), violations.size());
        return respond(Problem.of(400, "validation", "Invalid request", "The request has invalid fields", uri.getPath())
                .withViolations(violations));
    }

    /** Jackson's own mapper would answer plain JSON for a value of the wrong type: this one is more specific. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String detail = "The request body is not valid JSON";
        List<Violation> violations = List.of();
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
            detail = "The request body has a value of the wrong type";
            violations = List.of(new Violation(field, e instanceof InvalidFormatException ? "has the wrong type" : "cannot be read"));
        }
        LOG.infof("400 %s: unreadable body", uri.getPath());
        return respond(Problem.of(400, "unreadable-body", "Invalid request", detail, uri.getPath()).withViolations(violations));
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(Problem.of(401, "unauthenticated", "Unauthorized", "A valid access token is required", uri.getPath()))
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(403, "forbidden", "Forbidden", "Your role does not allow this", uri.getPath()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        if (status == 404 && e.getCause() != null) {
            // JAX-RS answers 404 when a path or query parameter cannot be converted (page=abc, status=BOGUS): the
            // address exists, the request is wrong.
            LOG.infof("400 %s: unconvertible parameter (%s)", uri.getPath(), e.getCause().toString());
            return respond(Problem.of(400, "invalid-parameter", "Invalid request",
                    "A path or query parameter has a value of the wrong type or out of range", uri.getPath()));
        }
        Response.StatusType info = Response.Status.fromStatusCode(status);
        String title = info != null ? info.getReasonPhrase() : "Error";
        String detail = switch (status) {
            case 404 -> "No resource at this address";
            case 405 -> "This method is not allowed here";
            case 406 -> "No acceptable representation";
            case 415 -> "Unsupported content type; send application/json";
            case 400 -> "The request could not be read; send valid JSON with the documented fields";
            default -> status >= 500 ? "The server could not complete the request" : title;
        };
        if (status >= 500) {
            LOG.errorf(e, "%d %s", status, uri.getPath());
        }
        return respond(Problem.of(status, slug(title), title, detail, uri.getPath()));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "500 %s", uri.getPath());
        return respond(Problem.of(500, "internal", "Internal Server Error", "The server could not complete the request",
                uri.getPath()));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String slug(String title) {
        return title.toLowerCase().replace(' ', '-');
    }

    /**
     * "create.request.phone" (method, body parameter, field) becomes "phone" and "list.size" (method, query
     * parameter) becomes "size": the client knows only its JSON and its query string.
     */
    private static String fieldOf(ConstraintViolation<?> violation) {
        List<Path.Node> nodes = new java.util.ArrayList<>();
        violation.getPropertyPath().forEach(nodes::add);
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node node = nodes.get(i);
            boolean last = i == nodes.size() - 1;
            if (node.getKind() == ElementKind.METHOD || (node.getKind() == ElementKind.PARAMETER && !last)) {
                continue;
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                field.append(field.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return field.toString();
    }
}
