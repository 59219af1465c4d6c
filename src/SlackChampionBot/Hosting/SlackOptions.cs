using Microsoft.Extensions.Options;

namespace SlackChampionBot.Hosting;

/// <summary>The <c>Slack</c> configuration section: how the bot reaches Slack.</summary>
internal sealed class SlackOptions
{
    public const string SectionName = "Slack";

    /// <summary>The Bot User OAuth Token (<c>xoxb-…</c>).</summary>
    public string? BotToken { get; set; }

    /// <summary>The app-level token (<c>xapp-…</c>, scope <c>connections:write</c>); required in Socket Mode.</summary>
    public string? AppLevelToken { get; set; }

    /// <summary>The signing secret; required in HTTP mode.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>Socket Mode (default) needs no public URL; false means Slack sends HTTP requests to /slack/*.</summary>
    public bool UseSocketMode { get; set; } = true;

    /// <summary>Slack's Web API root. Tests point it at a fake Slack on loopback.</summary>
    public string ApiBaseUrl { get; set; } = "https://slack.com/api/";

    /// <summary>
    /// How many events the dispatcher runs at once (each from a different channel or person; events of one channel
    /// stay in order). 1 runs everything one at a time, as Slack sent it.
    /// </summary>
    public int DispatchConcurrency { get; set; } = 8;

    public const int MaxDispatchConcurrency = 256;

    /// <summary>The API root as a URI that ends in a slash (relative method names resolve under it).</summary>
    public Uri ApiBaseUri => new(ApiBaseUrl.EndsWith('/') ? ApiBaseUrl : ApiBaseUrl + "/");
}

internal sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    private const string OAuthPage = "the Bot User OAuth Token from your Slack app's \"OAuth & Permissions\" page";

    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.BotToken))
        {
            failures.Add(ConfigurationProblem.Missing("Slack:BotToken", $"the bot token from your Slack app's \"OAuth & Permissions\" page, or try the bot without Slack first: {SandboxMode.StartCommand}"));
        }
        else if (!options.BotToken.StartsWith("xoxb-", StringComparison.Ordinal) || options.BotToken.Trim() != options.BotToken)
        {
            failures.Add(ConfigurationProblem.Malformed("Slack:BotToken", $"a bot token starts with \"xoxb-\"; use {OAuthPage}"));
        }

        if (options.UseSocketMode)
        {
            if (string.IsNullOrWhiteSpace(options.AppLevelToken))
            {
                failures.Add(ConfigurationProblem.Missing(
                    "Slack:AppLevelToken",
                    "an app-level token with the connections:write scope (\"Basic Information\" → \"App-Level Tokens\"), or set SLACK__USESOCKETMODE=false to use HTTP mode"));
            }
            else if (!options.AppLevelToken.StartsWith("xapp-", StringComparison.Ordinal) || options.AppLevelToken.Trim() != options.AppLevelToken)
            {
                failures.Add(ConfigurationProblem.Malformed("Slack:AppLevelToken", "an app-level token starts with \"xapp-\"; create one under \"Basic Information\" → \"App-Level Tokens\""));
            }
        }
        else if (string.IsNullOrWhiteSpace(options.SigningSecret))
        {
            failures.Add(ConfigurationProblem.Missing("Slack:SigningSecret", "the Signing Secret from your Slack app's \"Basic Information\" page (required when Slack:UseSocketMode is false)"));
        }
        else if (options.SigningSecret.Trim() != options.SigningSecret || options.SigningSecret.Length < 16)
        {
            failures.Add(ConfigurationProblem.Malformed("Slack:SigningSecret", "copy the whole Signing Secret from \"Basic Information\" (32 hexadecimal characters, no spaces)"));
        }

        if (options.DispatchConcurrency is < 1 or > SlackOptions.MaxDispatchConcurrency)
        {
            failures.Add(ConfigurationProblem.Malformed("Slack:DispatchConcurrency", $"use a whole number from 1 to {SlackOptions.MaxDispatchConcurrency}, the events handled at once (default 8)"));
        }

        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add(ConfigurationProblem.Malformed("Slack:ApiBaseUrl", "it must be an absolute http(s) URL such as https://slack.com/api/"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
