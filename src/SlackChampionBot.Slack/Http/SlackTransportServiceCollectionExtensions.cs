using Microsoft.Extensions.DependencyInjection;

namespace SlackChampionBot.Slack.Http;

internal static class SlackTransportServiceCollectionExtensions
{
    /// <summary>Registers the HTTP endpoints, the Socket Mode client and the event dispatcher. (Filled in by the transport work.)</summary>
    public static IServiceCollection AddSlackTransports(this IServiceCollection services) => services;
}
