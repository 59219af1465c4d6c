using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SlackChampionBot.Slack.Http;
using SlackChampionBot.Slack.SocketMode;
using SlackChampionBot.Slack.WebApi;

namespace SlackChampionBot.Slack.Extensions.DependencyInjection;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Slack adapter: the Web API client, the HTTP and Socket Mode transports and the handlers registered in
    /// <paramref name="configure"/>. May be called more than once; registrations accumulate. Mirrors SlackNet's AddSlackNet.
    /// </summary>
    public static IServiceCollection AddSlackNet(this IServiceCollection services, Action<ServiceCollectionSlackServiceConfiguration> configure)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(ServiceCollectionSlackServiceConfiguration))?.ImplementationInstance;
        if (existing is ServiceCollectionSlackServiceConfiguration configuration)
        {
            configure(configuration);
            return services;
        }

        configuration = new ServiceCollectionSlackServiceConfiguration(services);
        services.AddSingleton(configuration);
        services.AddSingleton(configuration.Registry);
        services.AddSingleton<IConfigureOptions<SlackChampionBot.Slack.SlackAdapterOptions>>(sp =>
            new ConfigureOptions<SlackChampionBot.Slack.SlackAdapterOptions>(o => configuration.Apply(o, sp)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<SlackChampionBot.Slack.SlackRequestContext>();

        services.AddSlackWebApi();
        services.AddSlackTransports();
        services.AddSlackSocketMode();

        configure(configuration);
        return services;
    }
}
