using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Slack.Http;

namespace SlackChampionBot.Slack.AspNetCore;

public static class AspNetCoreExtensions
{
    /// <summary>
    /// Maps SlackNet's routes: POST <c>/slack/event</c>, <c>/slack/command</c>, <c>/slack/action</c>,
    /// <c>/slack/options</c>. They are plain middleware branches (no routing, no model binding) so the raw body is read
    /// exactly once. Mirrors SlackNet's UseSlackNet.
    /// </summary>
    public static IApplicationBuilder UseSlackNet(this IApplicationBuilder app)
    {
        var endpoints = app.ApplicationServices.GetRequiredService<SlackHttpEndpoints>();
        Map(app, "/slack/event", endpoints, SlackEndpoint.Event);
        Map(app, "/slack/command", endpoints, SlackEndpoint.Command);
        Map(app, "/slack/action", endpoints, SlackEndpoint.Action);
        Map(app, "/slack/options", endpoints, SlackEndpoint.Options);
        return app;
    }

    private static void Map(IApplicationBuilder app, string path, SlackHttpEndpoints endpoints, SlackEndpoint endpoint) =>
        app.Map(new PathString(path), branch => branch.Run(context =>
            context.Request.Path.HasValue && context.Request.Path != "/"
                ? NotFound(context)
                : endpoints.Handle(context, endpoint)));

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
