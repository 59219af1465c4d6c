using Microsoft.Extensions.DependencyInjection;

namespace SlackChampionBot.Slack.WebApi;

internal static class SlackWebApiServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ISlackApiClient"/> and its families. (Filled in by the Web API client work.)</summary>
    public static IServiceCollection AddSlackWebApi(this IServiceCollection services) => services;
}
