namespace SlackChampionBot.Tests.Support;

/// <summary>Well-formed settings for a host under test; each test changes what it is about.</summary>
internal static class TestSettings
{
    public const string BotToken = "xoxb-1111-2222-testtokenvalue";
    public const string AppLevelToken = "xapp-1-A111-2222-testappleveltoken";
    public const string SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";

    /// <summary>A loopback address where nothing listens: Slack is "unreachable".</summary>
    public const string UnreachableApiBaseUrl = "http://127.0.0.1:9/api/";

    /// <summary>Settings for a host over <paramref name="database"/> (the provider under test).</summary>
    public static Dictionary<string, string?> Valid(TestDatabase database) => With(database.Settings);

    /// <summary>Settings for a host over the SQLite file <paramref name="databasePath"/>, for tests about SQLite's file.</summary>
    public static Dictionary<string, string?> Valid(string databasePath) => With(new() { ["ConnectionStrings:ChampionBot"] = $"Data Source={databasePath}" });

    private static Dictionary<string, string?> With(Dictionary<string, string?> database)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Slack:BotToken"] = BotToken,
            ["Slack:AppLevelToken"] = AppLevelToken,
            ["Slack:SigningSecret"] = SigningSecret,
            ["Slack:UseSocketMode"] = "false",
            ["Slack:ApiBaseUrl"] = UnreachableApiBaseUrl,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:Console:FormatterName"] = "simple",
        };
        foreach (var (key, value) in database)
        {
            settings[key] = value;
        }

        return settings;
    }
}

/// <summary>A temporary folder for a test's SQLite file (see <see cref="TestDatabase"/>) or other files, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "champion-bot-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a host that is shutting down; the OS temp folder is cleaned eventually.
        }
    }
}
