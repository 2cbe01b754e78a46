package dev.schemahook.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.schemahook.error.Secrets;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** {@code /api/v1/status} and {@code /api/v1/drift}: the documents of the last refresh, read-only. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ApiResource {
    private static final JsonFactory FACTORY = new JsonFactory();

    @Inject
    ServeState state;

    /** What {@code info --output json} reports, with {@code refreshedAt}. */
    @GET
    @Path("status")
    public Response status() {
        return state.last().map(last -> Response.ok(last.statusJson()).build()).orElseGet(this::notReadYet);
    }

    /** What {@code drift --output json} reports, with {@code refreshedAt}; 404 without a snapshot. */
    @GET
    @Path("drift")
    public Response drift() {
        if (state.last().isEmpty()) {
            return notReadYet();
        }
        return state.last().get().drift()
                .map(drift -> Response.status(drift.httpStatus()).entity(drift.json()).build())
                .orElseGet(() -> error(Response.Status.NOT_FOUND, "NO_SNAPSHOT", "serve runs without a snapshot, so"
                        + " there is no drift to report; give one with --snapshot FILE (or SCHEMAHOOK_SNAPSHOT), as"
                        + " written by 'schemahook verify --snapshot FILE'"));
    }

    private Response notReadYet() {
        return error(Response.Status.SERVICE_UNAVAILABLE, "NOT_READ_YET", "the database has not been read yet"
                + state.error().map(error -> ": " + error).orElse(""));
    }

    private static Response error(Response.Status status, String code, String message) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            json.writeStartObject();
            json.writeObjectFieldStart("error");
            json.writeStringField("errorCode", code);
            json.writeStringField("message", Secrets.redact(message));
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Response.status(status).entity(text + "\n").build();
    }
}
