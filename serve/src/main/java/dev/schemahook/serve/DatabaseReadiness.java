package dev.schemahook.serve;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** {@code /q/health/ready}: UP while the last refresh read the database, from that result alone (no query here). */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {
    @Inject
    ServeState state;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("database").status(state.databaseUp());
        state.last().ifPresent(last -> response.withData("refreshedAt", last.at().toString()));
        state.error().ifPresent(error -> response.withData("error", error));
        if (state.last().isEmpty() && state.error().isEmpty()) {
            response.withData("error", "the database has not been read yet");
        }
        return response.build();
    }
}
