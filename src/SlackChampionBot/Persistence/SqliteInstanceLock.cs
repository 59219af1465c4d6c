using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace SlackChampionBot.Persistence;

/// <summary>
/// One bot per SQLite file. Two processes on one file would each run every schedule (the weekly post, the pulse tick,
/// the roster sync) and each dispatch the inbox: SQLite keeps the data consistent, but the claims in it were made for
/// one process. So at start-up the bot takes an exclusive lock on <c>&lt;database&gt;.instance</c> beside the file,
/// held until the process ends (the operating system drops it even after a crash or SIGKILL), and a second bot on the
/// same file stops with one line. An in-memory database is never shared, so it takes no lock; nor does PostgreSQL,
/// where several instances share one database by design (their claims are made for that).
/// </summary>
internal sealed class SqliteInstanceLock : IDisposable
{
    public const string Suffix = ".instance";

    private readonly FileStream? _file;

    private SqliteInstanceLock(FileStream? file) => _file = file;

    /// <summary>
    /// Takes the lock for the configured database. Returns the held lock, or null with <paramref name="problem"/> set
    /// to the one line to print when another process holds it or the lock file cannot be made.
    /// </summary>
    public static SqliteInstanceLock? Take(IServiceProvider services, out string? problem)
    {
        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (options.IsPostgres)
        {
            problem = null;
            return new SqliteInstanceLock(null);
        }

        return Take(options.ConnectionString, out problem);
    }

    public static SqliteInstanceLock? Take(string connectionString, out string? problem)
    {
        problem = null;
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is ":memory:" or "")
        {
            return new SqliteInstanceLock(null);
        }

        // SQLite opens a relative Data Source against the working directory; so does GetFullPath.
        var database = Path.GetFullPath(builder.DataSource);
        var path = database + Suffix;
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Linux and macOS, a sharing lock on Windows.
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new SqliteInstanceLock(file);
        }
        catch (DirectoryNotFoundException)
        {
            return new SqliteInstanceLock(null); // SQLite itself says the folder is missing when it opens the file
        }
        catch (IOException) when (File.Exists(path))
        {
            problem = $"Another bot is already running on {database} (it holds {Path.GetFileName(path)}), and two on one SQLite file "
                + "would run every schedule twice: stop it first, or give this one its own file with ConnectionStrings:ChampionBot "
                + "(CONNECTIONSTRINGS__CHAMPIONBOT). To run several instances, share a PostgreSQL database: Database:Provider=Postgres (DATABASE__PROVIDER)";
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"ConnectionStrings:ChampionBot: cannot create {path} beside the database ({ex.GetType().Name}); the bot needs to write in that folder";
            return null;
        }
    }

    public void Dispose() => _file?.Dispose();
}
