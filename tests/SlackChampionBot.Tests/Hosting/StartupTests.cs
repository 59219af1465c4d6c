using System.Net;
using Microsoft.Data.Sqlite;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Hosting;

/// <summary>The newcomer's first run, on the real binary.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task Run_WithoutSlackTokens_ExitsTwoWithOneLineNamingTheKey()
    {
        using var temp = new TempDirectory();
        await using var bot = HostProcess.Start(new Dictionary<string, string?>(), temp.Path);

        var exitCode = await bot.WaitForExit(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Equal(
            "Slack:BotToken is missing: set SLACK__BOTTOKEN to the bot token from your Slack app's \"OAuth & Permissions\" page, or try the bot without Slack first: dotnet run --project src/SlackChampionBot -- --sandbox",
            bot.StandardError.Trim());
        Assert.False(File.Exists(Path.Combine(temp.Path, "champion-bot.db")));
    }

    [Fact]
    public async Task Run_WithBotTokenButNoAppLevelToken_ExitsTwoNamingTheAppLevelToken()
    {
        using var temp = new TempDirectory();
        await using var bot = HostProcess.Start(new Dictionary<string, string?> { ["SLACK__BOTTOKEN"] = TestSettings.BotToken }, temp.Path);

        Assert.Equal(2, await bot.WaitForExit(TimeSpan.FromSeconds(60)));
        var line = Assert.Single(bot.StandardError.Trim().Split('\n'));
        Assert.StartsWith("Slack:AppLevelToken is missing: set SLACK__APPLEVELTOKEN", line);
    }

    [Fact]
    public async Task Run_WithTokensAndSlackUnreachable_MigratesAndReportsSlackOnReadyz()
    {
        using var temp = new TempDirectory();
        await using var bot = HostProcess.Start(
            new Dictionary<string, string?>
            {
                ["SLACK__BOTTOKEN"] = TestSettings.BotToken,
                ["SLACK__APPLEVELTOKEN"] = TestSettings.AppLevelToken,
                ["SLACK__APIBASEURL"] = TestSettings.UnreachableApiBaseUrl,
            },
            temp.Path);
        using var client = new HttpClient();

        var healthz = await bot.WaitForResponse(client, "healthz", TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);

        // Readiness: the database is migrated; Slack is reported as the problem, and the bot keeps running.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string body;
        HttpResponseMessage readyz;
        do
        {
            readyz = await client.GetAsync(new Uri(bot.BaseAddress, "readyz"));
            body = await readyz.Content.ReadAsStringAsync();
        }
        while (!body.Contains("cannot reach Slack", StringComparison.Ordinal) && DateTime.UtcNow < deadline && await Delay());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyz.StatusCode);
        Assert.Contains("\"database\":{\"status\":\"Healthy\"", body);
        Assert.Contains("cannot reach Slack", body);
        Assert.False(bot.HasExited);
        Assert.DoesNotContain(TestSettings.BotToken, bot.StandardOutput + bot.StandardError);
        Assert.DoesNotContain(TestSettings.AppLevelToken, bot.StandardOutput + bot.StandardError);

        var database = Path.Combine(temp.Path, "champion-bot.db");
        Assert.True(File.Exists(database));
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM \"__EFMigrationsHistory\"";
        Assert.True((long)(await command.ExecuteScalarAsync())! >= 1);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(200);
        return true;
    }
}
