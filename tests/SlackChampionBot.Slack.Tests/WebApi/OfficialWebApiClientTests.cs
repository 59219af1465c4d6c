using System.Diagnostics;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;

namespace SlackChampionBot.Slack.Tests.WebApi;

/// <summary>Slack's official @slack/web-api client (tests/oracles) run against the fake, so the fake answers like Slack.</summary>
public sealed class OfficialWebApiClientTests
{
    [NodeFact]
    public async Task OfficialWebApiClient_AgainstFake_Works()
    {
        await NodeOracles.EnsureInstalled();
        var oracles = NodeOracles.Directory;
        Assert.True(
            Directory.Exists(Path.Combine(oracles, "node_modules", "@slack", "web-api")),
            $"The official Slack client is not installed: run npm ci in tests/oracles ({oracles}).");
        await using var fake = await FakeSlackWebApi.StartAsync();

        var (exitCode, output) = await RunNode(oracles, "web-api-oracle.mjs", fake.BaseUrl.ToString());

        Assert.True(exitCode == 0, $"web-api-oracle.mjs exited {exitCode}:\n{output}");
        var post = fake.Calls("chat.postMessage").First(c => c.StatusCode == 200);
        Assert.Equal("Bearer xoxb-TEST", post.Authorization);
        Assert.StartsWith("application/x-www-form-urlencoded", post.ContentType);
        Assert.Equal("a & <b>", post.Arg("text"));
        Assert.Equal("section", post.JsonArg("blocks")!.Value[0].GetProperty("type").GetString());
    }

    private static async Task<(int ExitCode, string Output)> RunNode(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started (is Node.js installed?)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("node did not finish within 60 s:\n" + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
