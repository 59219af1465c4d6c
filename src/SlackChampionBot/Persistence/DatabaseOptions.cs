using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
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
            // Accepted as a value so configuration files can name it, but the PostgreSQL wiring is a later issue.
            return ValidateOptionsResult.Fail("Database:Provider is Postgres, which this version does not run yet: set DATABASE__PROVIDER=Sqlite (the default)");
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
}
