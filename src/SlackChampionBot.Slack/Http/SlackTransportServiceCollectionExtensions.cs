using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SlackChampionBot.Slack.Dispatch;
using SlackChampionBot.Slack.Inbox;

namespace SlackChampionBot.Slack.Http;

internal static class SlackTransportServiceCollectionExtensions
{
    /// <summary>
    /// Registers the inbound dispatcher (shared by both transports), the HTTP endpoints, the event inbox (in memory
    /// unless the host registered another <see cref="ISlackEventInbox"/>) and the background event dispatcher.
    /// </summary>
    public static IServiceCollection AddSlackTransports(this IServiceCollection services)
    {
        services.TryAddSingleton<InboxSignal>();
        services.TryAddSingleton<ISlackEventInbox, InMemorySlackEventInbox>();
        services.TryAddSingleton<SlackHandlerRunner>();
        services.TryAddSingleton<ISlackInboundDispatcher, SlackInboundDispatcher>();
        services.TryAddSingleton<SlackHttpEndpoints>();
        services.AddOptions<EventDispatcherOptions>();
        services.AddHostedService<EventDispatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SlackAdapterOptions>, SlackHttpOptionsValidator>());
        services.AddOptions<SlackAdapterOptions>().ValidateOnStart();
        return services;
    }
}
