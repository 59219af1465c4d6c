using SlackChampionBot.Hosting;

namespace SlackChampionBot.Tests.Hosting;

public sealed class SlackOptionsValidatorTests
{
    private static SlackOptions Valid() => new()
    {
        BotToken = "xoxb-123-456-abc",
        AppLevelToken = "xapp-1-A1-2-abc",
        SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5",
        UseSocketMode = true,
    };

    private static string? Problem(SlackOptions options)
    {
        var result = new SlackOptionsValidator().Validate(null, options);
        return result.Failed ? result.Failures!.First() : null;
    }

    [Fact]
    public void Validate_WellFormedSocketMode_Succeeds() => Assert.Null(Problem(Valid()));

    [Fact]
    public void Validate_MissingBotToken_NamesKeyAndEnvironmentVariable()
    {
        var options = Valid();
        options.BotToken = null;

        Assert.Equal(
            "Slack:BotToken is missing: set SLACK__BOTTOKEN to the bot token from your Slack app's \"OAuth & Permissions\" page, or try the bot without Slack first: dotnet run --project src/SlackChampionBot -- --sandbox",
            Problem(options));
    }

    [Theory]
    [InlineData("xoxp-user-token")]
    [InlineData("xapp-1-wrong-kind")]
    [InlineData(" xoxb-leading-space")]
    public void Validate_BotTokenOfWrongKind_IsMalformedWithoutEchoingTheValue(string token)
    {
        var options = Valid();
        options.BotToken = token;

        var problem = Problem(options);

        Assert.StartsWith("Slack:BotToken is malformed:", problem);
        Assert.Contains("SLACK__BOTTOKEN", problem);
        Assert.DoesNotContain(token.Trim(), problem);
    }

    [Fact]
    public void Validate_SocketModeWithoutAppLevelToken_IsMissing()
    {
        var options = Valid();
        options.AppLevelToken = "";

        Assert.StartsWith("Slack:AppLevelToken is missing: set SLACK__APPLEVELTOKEN", Problem(options));
    }

    [Fact]
    public void Validate_AppLevelTokenOfWrongKind_IsMalformed()
    {
        var options = Valid();
        options.AppLevelToken = "xoxb-not-an-app-token";

        Assert.StartsWith("Slack:AppLevelToken is malformed:", Problem(options));
    }

    [Fact]
    public void Validate_HttpModeWithoutAppLevelToken_Succeeds()
    {
        var options = Valid();
        options.UseSocketMode = false;
        options.AppLevelToken = null;

        Assert.Null(Problem(options));
    }

    [Fact]
    public void Validate_HttpModeWithoutSigningSecret_IsMissing()
    {
        var options = Valid();
        options.UseSocketMode = false;
        options.SigningSecret = null;

        Assert.StartsWith("Slack:SigningSecret is missing: set SLACK__SIGNINGSECRET", Problem(options));
    }

    [Fact]
    public void Validate_HttpModeWithTruncatedSigningSecret_IsMalformed()
    {
        var options = Valid();
        options.UseSocketMode = false;
        options.SigningSecret = "8f74";

        Assert.StartsWith("Slack:SigningSecret is malformed:", Problem(options));
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://slack.com/api/")]
    [InlineData("/api/")]
    public void Validate_ApiBaseUrlNotHttp_IsMalformed(string url)
    {
        var options = Valid();
        options.ApiBaseUrl = url;

        Assert.StartsWith("Slack:ApiBaseUrl is malformed:", Problem(options));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(257)]
    public void Validate_DispatchConcurrencyOutOfRange_IsMalformedWithTheRange(int concurrency)
    {
        var options = Valid();
        options.DispatchConcurrency = concurrency;

        Assert.Equal("Slack:DispatchConcurrency is malformed: use a whole number from 1 to 256, the events handled at once (default 8) (set SLACK__DISPATCHCONCURRENCY)", Problem(options));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(256)]
    public void Validate_DispatchConcurrencyInRange_Succeeds(int concurrency)
    {
        var options = Valid();
        options.DispatchConcurrency = concurrency;

        Assert.Null(Problem(options));
    }

    [Fact]
    public void ApiBaseUri_WithoutTrailingSlash_GetsOne()
    {
        var options = Valid();
        options.ApiBaseUrl = "http://127.0.0.1:5000/api";

        Assert.Equal("http://127.0.0.1:5000/api/", options.ApiBaseUri.ToString());
    }
}
