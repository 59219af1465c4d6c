using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace SlackChampionBot.Hosting;

/// <summary>
/// The <c>Http</c> section: what one connection may cost the bot before anything about it is known. Slack's servers
/// (and a reverse proxy in front of the bot) send a request's headers and body at once, so a client that trickles
/// them is cut off early, and no request may be larger than the biggest thing Slack sends.
/// </summary>
internal sealed class HttpServerOptions
{
    public const string SectionName = "Http";

    /// <summary>Open connections at once; further ones are refused until one closes.</summary>
    public int MaxConcurrentConnections { get; set; } = 2000;

    /// <summary>How long a client may take to send a request's headers.</summary>
    public int RequestHeadersTimeoutSeconds { get; set; } = 10;

    /// <summary>The slowest a request body may arrive, averaged after a 2-second grace period.</summary>
    public int MinRequestBodyBytesPerSecond { get; set; } = 4096;

    /// <summary>How long a whole request body may take to arrive on the /slack/* routes (Slack waits 3 seconds for an answer).</summary>
    public int RequestBodyTimeoutSeconds { get; set; } = 5;

    /// <summary>The largest request body on any route; larger ones get 413 before they are read.</summary>
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How much memory the bodies being received on /slack/* may hold together (beyond 4 KiB each); more gets 503.</summary>
    public int MaxBufferedBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How long an idle keep-alive connection stays open.</summary>
    public int KeepAliveTimeoutSeconds { get; set; } = 30;

    public static readonly TimeSpan MinRequestBodyGracePeriod = TimeSpan.FromSeconds(2);
}

internal sealed class HttpServerOptionsValidator : IValidateOptions<HttpServerOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpServerOptions options) =>
        Check("Http:MaxConcurrentConnections", options.MaxConcurrentConnections, 10, 100_000)
        ?? Check("Http:RequestHeadersTimeoutSeconds", options.RequestHeadersTimeoutSeconds, 1, 300)
        ?? Check("Http:MinRequestBodyBytesPerSecond", options.MinRequestBodyBytesPerSecond, 1, 10 * 1024 * 1024)
        ?? Check("Http:RequestBodyTimeoutSeconds", options.RequestBodyTimeoutSeconds, 1, 300)
        ?? Check("Http:MaxRequestBodyBytes", options.MaxRequestBodyBytes, 64 * 1024, 64 * 1024 * 1024)
        ?? Check("Http:MaxBufferedBodyBytes", options.MaxBufferedBodyBytes, options.MaxRequestBodyBytes, 1024 * 1024 * 1024)
        ?? Check("Http:KeepAliveTimeoutSeconds", options.KeepAliveTimeoutSeconds, 1, 3600)
        ?? ValidateOptionsResult.Success;

    private static ValidateOptionsResult? Check(string key, int value, int min, int max) =>
        value < min || value > max
            ? ValidateOptionsResult.Fail(ConfigurationProblem.Malformed(key, $"use a whole number from {min} to {max}"))
            : null;
}

internal static class HttpServerLimits
{
    public const int RequestReadAhead = 64 * 1024;

    /// <summary>Kestrel's limits from the validated <c>Http</c> section (and the same body limit for the Slack routes).</summary>
    public static IServiceCollection AddHttpServerLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HttpServerOptions>()
            .Bind(configuration.GetSection(HttpServerOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<HttpServerOptions>, HttpServerOptionsValidator>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<HttpServerOptions>>((kestrel, http) =>
        {
            var o = http.Value;
            var limits = kestrel.Limits;
            limits.MaxConcurrentConnections = o.MaxConcurrentConnections;
            limits.MaxConcurrentUpgradedConnections = o.MaxConcurrentConnections;
            limits.RequestHeadersTimeout = TimeSpan.FromSeconds(o.RequestHeadersTimeoutSeconds);
            limits.MinRequestBodyDataRate = new MinDataRate(o.MinRequestBodyBytesPerSecond, HttpServerOptions.MinRequestBodyGracePeriod);
            limits.MaxRequestBodySize = o.MaxRequestBodyBytes;

            // How far the server reads ahead of the app on one connection (default 1 MiB): a sender faster than the
            // bot reads cannot park more than this in memory per connection; the bot still reads whole bodies.
            limits.MaxRequestBufferSize = RequestReadAhead;
            limits.KeepAliveTimeout = TimeSpan.FromSeconds(o.KeepAliveTimeoutSeconds);
        });
        return services;
    }
}
