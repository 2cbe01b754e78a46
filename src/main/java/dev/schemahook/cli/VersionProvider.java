package dev.schemahook.cli;

import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.internal.license.VersionPrinter;
import picocli.CommandLine;

/** {@code schemahook --version}: the runner's version and the Flyway it embeds. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class)
                .orElse("dev");
        return new String[] {"schemahook " + version + " (Flyway " + VersionPrinter.getVersion() + ")"};
    }
}
