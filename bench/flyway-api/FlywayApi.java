import org.flywaydb.core.Flyway;

/**
 * Flyway's own work through its Java API, with the Flyway version schemahook bundles: the row that shows what
 * schemahook adds on top of the library it runs. Arguments: URL USER LOCATION migrate|validate.
 */
public final class FlywayApi {
    public static void main(String[] args) {
        Flyway flyway = Flyway.configure()
                .dataSource(args[0], args[1], null)
                .locations(args[2])
                .load();
        if (args[3].equals("validate")) {
            flyway.validate();
            System.out.println("validated");
        } else {
            System.out.println(flyway.migrate().migrationsExecuted + " migrations applied");
        }
    }
}
