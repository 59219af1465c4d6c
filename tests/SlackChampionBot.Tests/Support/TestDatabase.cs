using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SlackChampionBot.Persistence;

namespace SlackChampionBot.Tests.Support;

/// <summary>
/// A fresh database for one test on the provider under test (<see cref="ProviderUnderTest"/>: SQLite in
/// SlackChampionBot.Tests, PostgreSQL in SlackChampionBot.Tests.Postgres), migrated unless asked otherwise, and
/// removed on dispose. Every test bed and the host harness get their database, its context registration and its
/// settings from here. Migrations run once per test run, into a template that each test's database is copied from:
/// a file copy on SQLite, <c>CREATE DATABASE … TEMPLATE …</c> on PostgreSQL.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable, IDisposable
{
    /// <summary>Tests wait for a SQLite lock longer than the bot's default: the machine running them is busy.</summary>
    private const int BusyTimeoutMilliseconds = 10_000;

    private readonly TempDirectory? _directory;
    private bool _disposed;

    private TestDatabase(DatabaseOptions options, TempDirectory? directory, string? filePath)
    {
        Options = options;
        _directory = directory;
        FilePath = filePath;
    }

    public DatabaseProvider Provider => Options.ParsedProvider;

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    /// <summary>The bot's database settings for this database (provider, connection string, busy timeout).</summary>
    public DatabaseOptions Options { get; }

    public string ConnectionString => Options.ConnectionString;

    /// <summary>The SQLite file (tests about the file read it); null on PostgreSQL.</summary>
    public string? FilePath { get; }

    /// <summary>The settings that point a host at this database, as configuration keys.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Database:Provider"] = Options.Provider,
        ["ConnectionStrings:ChampionBot"] = ConnectionString,
    };

    /// <summary>The same settings as environment variables, for a bot process.</summary>
    public Dictionary<string, string?> Environment => Settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant(), s => s.Value);

    /// <summary>A database of its own on the provider under test; <paramref name="migrated"/>: every migration applied.</summary>
    public static TestDatabase Create(bool migrated = true)
    {
        if (ProviderUnderTest.Provider == DatabaseProvider.Postgres)
        {
            var connectionString = PostgresTestServer.CreateDatabase(migrated);
            return new TestDatabase(Postgres(connectionString), directory: null, filePath: null);
        }

        var directory = new TempDirectory();
        var file = directory.File("bot.db");
        if (migrated)
        {
            File.Copy(SqliteTemplate.File.Value, file);
        }

        return new TestDatabase(Sqlite(file), directory, file);
    }

    /// <summary>This database's provider settings on a context's options, as the bot configures them.</summary>
    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder) => PersistenceServiceCollectionExtensions.Configure(builder, Options);

    /// <summary>Registers BotDbContext over this database the way the bot does; <paramref name="also"/> adds to its options.</summary>
    public IServiceCollection AddBotDbContext(IServiceCollection services, Action<DbContextOptionsBuilder>? also = null) =>
        services.AddBotDbContext(Provider, (_, builder) =>
        {
            Configure(builder);
            also?.Invoke(builder);
        });

    /// <summary>A context outside dependency injection, of the type the host would resolve.</summary>
    public BotDbContext NewContext() => PersistenceServiceCollectionExtensions.CreateContext(Options);

    /// <summary>A trigger that makes every insert into <paramref name="table"/> fail (not as a unique violation).</summary>
    public static Task RefuseInserts(BotDbContext db, string table)
    {
        var sql = db.Database.IsNpgsql()
            ? $"""
              CREATE FUNCTION refuse_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$;
              CREATE TRIGGER refuse BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION refuse_{table}();
              """
            : $"CREATE TRIGGER refuse BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'refused'); END";
        return db.Database.ExecuteSqlRawAsync(sql);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (IsPostgres)
        {
            PostgresTestServer.DropDatabase(ConnectionString);
        }
        else
        {
            using (var connection = new SqliteConnection(ConnectionString))
            {
                SqliteConnection.ClearPool(connection);
            }

            _directory!.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static DatabaseOptions Sqlite(string file) => new()
    {
        Provider = nameof(DatabaseProvider.Sqlite),
        ConnectionString = $"Data Source={file}",
        BusyTimeoutMilliseconds = BusyTimeoutMilliseconds,
    };

    private static DatabaseOptions Postgres(string connectionString) => new()
    {
        Provider = nameof(DatabaseProvider.Postgres),
        ConnectionString = connectionString,
    };

    /// <summary>A SQLite file with every migration applied, made once per test run and copied for each test.</summary>
    private static class SqliteTemplate
    {
        private static readonly TempDirectory Directory = new();

        public static readonly Lazy<string> File = new(() =>
        {
            var file = Directory.File("template.db");
            var options = Sqlite(file);
            using (var db = PersistenceServiceCollectionExtensions.CreateContext(options))
            {
                db.Database.Migrate();
            }

            using (var connection = new SqliteConnection(options.ConnectionString))
            {
                SqliteConnection.ClearPool(connection); // closed, so the copy is the whole database
            }

            AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Dispose();
            return file;
        });
    }
}

/// <summary>
/// The PostgreSQL server named by <see cref="Variable"/>: one migrated template database per test run, and a database
/// per test created from it. Names start with <see cref="Prefix"/> and the run's start time, so that databases left
/// by a run that was killed are dropped by a later one (after <see cref="LeftoverAge"/>, long after any run ends).
/// </summary>
internal static class PostgresTestServer
{
    public const string Variable = "CHAMPIONBOT_TEST_POSTGRES";

    private const string Prefix = "cbt_";
    private static readonly TimeSpan LeftoverAge = TimeSpan.FromHours(3);
    private static readonly string Run = $"{Prefix}{DateTime.UtcNow:yyyyMMddHHmmss}_{System.Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..6]}";
    private static readonly Lazy<string> Template = new(CreateTemplate);
    private static int _databases;

    /// <summary>The server's connection string, or null when the variable is unset (the PostgreSQL half is skipped).</summary>
    public static string? ServerConnectionString => System.Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static string CreateDatabase(bool migrated)
    {
        var name = $"{Run}_{Interlocked.Increment(ref _databases)}";
        Execute(migrated ? $"CREATE DATABASE \"{name}\" TEMPLATE \"{Template.Value}\"" : $"CREATE DATABASE \"{name}\"");
        return For(name, pooling: true);
    }

    public static void DropDatabase(string connectionString)
    {
        using (var connection = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        Execute($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\" WITH (FORCE)");
    }

    private static string CreateTemplate()
    {
        DropLeftovers();
        var name = $"{Run}_template";
        Execute($"CREATE DATABASE \"{name}\"");

        // Unpooled: a database with a connection open cannot be a template.
        var options = new DatabaseOptions { Provider = nameof(DatabaseProvider.Postgres), ConnectionString = For(name, pooling: false) };
        using (var db = PersistenceServiceCollectionExtensions.CreateContext(options))
        {
            db.Database.Migrate();
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        return name;
    }

    /// <summary>Databases of earlier runs that were never dropped (a killed run): cheap to find, by name.</summary>
    private static void DropLeftovers()
    {
        var stale = new List<string>();
        using (var connection = Maintenance())
        using (var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'cbt\\_%'", connection))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var name = reader.GetString(0);
                if (DateTime.TryParseExact(name.Substring(Prefix.Length, 14), "yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var started)
                    && DateTime.UtcNow - started > LeftoverAge)
                {
                    stale.Add(name);
                }
            }
        }

        foreach (var name in stale)
        {
            Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    private static string For(string database, bool pooling) =>
        new NpgsqlConnectionStringBuilder(Server()) { Database = database, Pooling = pooling }.ConnectionString;

    private static string Server() => ServerConnectionString
        ?? throw new InvalidOperationException($"{Variable} is not set: the PostgreSQL tests need a server's connection string");

    /// <summary>A connection to the server's maintenance database (the one the variable names, else <c>postgres</c>).</summary>
    private static NpgsqlConnection Maintenance()
    {
        var builder = new NpgsqlConnectionStringBuilder(Server());
        builder.Database ??= "postgres";
        var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(string sql)
    {
        using var connection = Maintenance();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
