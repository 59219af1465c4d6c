using Microsoft.Extensions.Configuration;
using SlackChampionBot.Hosting;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Hosting;

/// <summary><c>Sandbox:Url</c> is for the machine the sandbox runs on: the page lets anyone act as anyone.</summary>
public sealed class SandboxUrlTests
{
    [Theory]
    [InlineData("http://localhost:5080")]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://127.1.2.3:5080")]
    [InlineData("http://[::1]:5080")]
    public void FindProblem_LoopbackAddress_None(string url) =>
        Assert.Null(SandboxMode.FindProblem(Settings(url)));

    [Fact]
    public void FindProblem_NotSet_None() =>
        Assert.Null(SandboxMode.FindProblem(new ConfigurationBuilder().Build()));

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://[::]:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://192.168.1.20:5080")]
    [InlineData("http://sandbox.example.com:5080")]
    [InlineData("https://localhost:5080")]
    [InlineData("localhost:5080")]
    [InlineData("")]
    public void FindProblem_ReachableFromElsewhereOrGarbled_OneLineNamingTheKey(string url)
    {
        var problem = SandboxMode.FindProblem(Settings(url));

        Assert.NotNull(problem);
        Assert.StartsWith("Sandbox:Url is malformed: use a loopback http address", problem);
        Assert.Contains("SANDBOX__URL", problem);
        Assert.DoesNotContain('\n', problem);
    }

    [Fact]
    public async Task Run_SandboxOnAllInterfaces_ExitsTwoBeforeListening()
    {
        using var temp = new TempDirectory();
        await using var bot = HostProcess.Start(
            new Dictionary<string, string?> { ["SLACK__SANDBOX"] = "true", ["SANDBOX__URL"] = "http://0.0.0.0:5080" },
            temp.Path);

        Assert.Equal(2, await bot.WaitForExit(TimeSpan.FromSeconds(60)));
        var line = Assert.Single(bot.StandardError.Trim().Split('\n'));
        Assert.StartsWith("Sandbox:Url is malformed", line);
        Assert.False(File.Exists(Path.Combine(temp.Path, "sandbox.db")));
    }

    private static IConfiguration Settings(string url) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [SandboxMode.UrlKey] = url }).Build();
}
