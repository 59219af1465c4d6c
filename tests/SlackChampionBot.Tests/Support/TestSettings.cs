namespace SlackChampionBot.Tests.Support;

/// <summary>Well-formed settings for a host under test; each test changes what it is about.</summary>
internal static class TestSettings
{
    public const string BotToken = "xoxb-1111-2222-testtokenvalue";
    public const string AppLevelToken = "xapp-1-A111-2222-testappleveltoken";
    public const string SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";

    /// <summary>A loopback address where nothing listens: Slack is "unreachable".</summary>
    public const string UnreachableApiBaseUrl = "http://127.0.0.1:9/api/";

    public static Dictionary<string, string?> Valid(string databasePath) => new()
    {
        ["Slack:BotToken"] = BotToken,
        ["Slack:AppLevelToken"] = AppLevelToken,
        ["Slack:SigningSecret"] = SigningSecret,
        ["Slack:UseSocketMode"] = "false",
        ["Slack:ApiBaseUrl"] = UnreachableApiBaseUrl,
        ["ConnectionStrings:ChampionBot"] = $"Data Source={databasePath}",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:Console:FormatterName"] = "simple",
    };
}

/// <summary>A temporary folder for a test's SQLite file, deleted afterwards.</summary>
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
