using Microsoft.Extensions.Options;

namespace SlackChampionBot.Slack.Http;

/// <summary>In HTTP mode a signing secret is required: without it no request could be verified.</summary>
internal sealed class SlackHttpOptionsValidator : IValidateOptions<SlackAdapterOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackAdapterOptions options)
    {
        if (!options.UseSocketMode && string.IsNullOrWhiteSpace(options.SigningSecret))
        {
            return ValidateOptionsResult.Fail("Slack:SigningSecret is empty but Slack:UseSocketMode is false: set the app's signing secret (Basic Information → App Credentials), or use Socket Mode.");
        }

        if (options.MaxRequestBodyBytes is <= 0 or > int.MaxValue - 1)
        {
            return ValidateOptionsResult.Fail("Slack:MaxRequestBodyBytes must be between 1 and 2 GiB.");
        }

        if (options.MaxBufferedBodyBytes < options.MaxRequestBodyBytes)
        {
            return ValidateOptionsResult.Fail("Slack:MaxBufferedBodyBytes must be at least Slack:MaxRequestBodyBytes, or a largest-size request could never be read.");
        }

        if (options.RequestBodyTimeout <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail("Slack:RequestBodyTimeout must be positive.");
        }

        if (options.SignatureTolerance <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail("Slack:SignatureTolerance must be positive (Slack recommends 5 minutes).");
        }

        return ValidateOptionsResult.Success;
    }
}
