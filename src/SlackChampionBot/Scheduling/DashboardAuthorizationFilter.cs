using System.Net;
using System.Security.Cryptography;
using System.Text;
using Hangfire;
using Hangfire.Dashboard;

namespace SlackChampionBot.Scheduling;

/// <summary>
/// The Hangfire dashboard can run and delete jobs, so it is never open to the network: without configured credentials
/// only loopback requests get in; with <c>Scheduling:DashboardUser</c>/<c>DashboardPassword</c> every request needs
/// basic auth with them (compared in constant time).
/// </summary>
internal sealed class DashboardAuthorizationFilter(SchedulingOptions options) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        return IsAuthorized(http, options);
    }

    internal static bool IsAuthorized(HttpContext http, SchedulingOptions options)
    {
        if (!options.DashboardCredentialsSet)
        {
            var remote = http.Connection.RemoteIpAddress;
            return remote is not null && IPAddress.IsLoopback(remote);
        }

        if (HasValidCredentials(http.Request.Headers.Authorization.ToString(), options.DashboardUser!, options.DashboardPassword!))
        {
            return true;
        }

        http.Response.Headers.WWWAuthenticate = "Basic realm=\"SlackChampionBot jobs\", charset=\"UTF-8\"";
        return false;
    }

    internal static bool HasValidCredentials(string header, string user, string password)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var separator = decoded.IndexOf(':');
        if (separator < 0)
        {
            return false;
        }

        var userOk = FixedTimeEquals(decoded[..separator], user);
        var passwordOk = FixedTimeEquals(decoded[(separator + 1)..], password);
        return userOk & passwordOk;
    }

    private static bool FixedTimeEquals(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
