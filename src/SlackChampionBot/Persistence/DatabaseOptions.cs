using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using SlackChampionBot.Hosting;

namespace SlackChampionBot.Persistence;

internal enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The <c>Database</c> section plus <c>ConnectionStrings:ChampionBot</c>.</summary>
internal sealed class DatabaseOptions
{
    public const string SectionName = "Database";
    public const string ConnectionStringName = "ChampionBot";
    public const string DefaultConnectionString = "Data Source=champion-bot.db";

    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>From <c>ConnectionStrings:ChampionBot</c>.</summary>
    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary>How long a writer waits for a lock held by another connection before giving up.</summary>
    public int BusyTimeoutMilliseconds { get; set; } = 5000;

    public DatabaseProvider ParsedProvider => Enum.Parse<DatabaseProvider>(Provider, ignoreCase: true);

    public bool IsPostgres => Enum.TryParse<DatabaseProvider>(Provider, ignoreCase: true, out var provider) && provider == DatabaseProvider.Postgres;

    /// <summary>The provider as configured, read before options exist (it picks the context type); SQLite when unset or unknown.</summary>
    public static DatabaseProvider ProviderIn(IConfiguration configuration) =>
        Enum.TryParse<DatabaseProvider>(configuration[$"{SectionName}:{nameof(Provider)}"], ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : DatabaseProvider.Sqlite;

    /// <summary>Where the data is, for logs: the SQLite file, or PostgreSQL's host and database (never the password).</summary>
    public string Location()
    {
        if (IsPostgres)
        {
            var postgres = new NpgsqlConnectionStringBuilder(ConnectionString);
            return $"postgres://{postgres.Host}:{postgres.Port}/{postgres.Database}";
        }

        return new SqliteConnectionStringBuilder(ConnectionString).DataSource;
    }
}

internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (!Enum.TryParse<DatabaseProvider>(options.Provider, ignoreCase: true, out var provider) || !Enum.IsDefined(provider))
        {
            return ValidateOptionsResult.Fail(ConfigurationProblem.Malformed("Database:Provider", "use Sqlite (the default) or Postgres"));
        }

        if (provider == DatabaseProvider.Postgres)
        {
            return ValidatePostgres(options);
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(ConfigurationProblem.Missing("ConnectionStrings:ChampionBot", $"a SQLite connection string such as \"{DatabaseOptions.DefaultConnectionString}\""));
        }

        try
        {
            var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
            if (string.IsNullOrWhiteSpace(builder.DataSource))
            {
                return ValidateOptionsResult.Fail(ConfigurationProblem.Malformed("ConnectionStrings:ChampionBot", "it needs a Data Source, e.g. \"Data Source=champion-bot.db\""));
            }
        }
        catch (ArgumentException)
        {
            return ValidateOptionsResult.Fail(ConfigurationProblem.Malformed("ConnectionStrings:ChampionBot", "it is not a valid SQLite connection string; use e.g. \"Data Source=champion-bot.db\""));
        }

        if (options.BusyTimeoutMilliseconds is < 0 or > 600_000)
        {
            return ValidateOptionsResult.Fail(ConfigurationProblem.Malformed("Database:BusyTimeoutMilliseconds", "use a number of milliseconds between 0 and 600000"));
        }

        return ValidateOptionsResult.Success;
    }

    private const string PostgresExample = "\"Host=db.internal;Database=championbot;Username=championbot;Password=...\"";

    private static ValidateOptionsResult ValidatePostgres(DatabaseOptions options)
    {
        // The SQLite default stands in when no connection string is set: on PostgreSQL that means none was given.
        if (string.IsNullOrWhiteSpace(options.ConnectionString) || options.ConnectionString == DatabaseOptions.DefaultConnectionString)
        {
            return ValidateOptionsResult.Fail(ConfigurationProblem.Missing("ConnectionStrings:ChampionBot", $"a PostgreSQL connection string such as {PostgresExample} (Database:Provider is Postgres)"));
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            if (string.IsNullOrWhiteSpace(builder.Host) || string.IsNullOrWhiteSpace(builder.Database))
            {
                return ValidateOptionsResult.Fail(ConfigurationProblem.Malformed("ConnectionStrings:ChampionBot", $"a PostgreSQL connection string needs a Host and a Database, e.g. {PostgresExample}"));
            }
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException)
        {
            return ValidateOptionsResult.Fail(ConfigurationProblem.Malformed("ConnectionStrings:ChampionBot", $"it is not a valid PostgreSQL connection string; use e.g. {PostgresExample}"));
        }

        return ValidateOptionsResult.Success;
    }
}
