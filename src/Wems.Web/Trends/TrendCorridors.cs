using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Wems.Gis.AnalysisRuns;
using Wems.Gis.Storage;
using Wems.Web.Auth;
using Wems.Web.Cases;

namespace Wems.Web.Trends;

/// <summary>A flow between two countries: cases and kilograms, and the two countries' points (longitude, latitude) to zoom to.</summary>
public sealed record TrendFlowDto(string From, string To, int Cases, double Kg, double[] FromPoint, double[] ToPoint);

/// <summary>A country's roles in the cases' trade chains, as the corridors run counts them.</summary>
public sealed record TrendRoleDto(string Iso2, int Origin, int Export, int Transit, int Destination, int SeizuresIn, int SeizuresOut,
    double Betweenness);

/// <summary>The largest flows and the country roles of the filtered cases.</summary>
public sealed record TrendCorridorsDto(int Cases, IReadOnlyList<TrendFlowDto> Flows, IReadOnlyList<TrendRoleDto> Roles);

/// <summary>
/// <c>GET /api/trends/corridors</c>: top corridors and country roles computed on the fly (<see cref="CorridorRun.ComputeAsync"/>)
/// for the same filters as the other trends, so the side panel follows the map's filters. Signed-in national and regional
/// callers only, like the Data Clock.
/// </summary>
public static class TrendCorridors
{
    private const int TopFlows = 10;
    private static readonly string[] Parameters = ["from", "to", "country", "commodity", "species", "agency", "transport_mode"];

    internal static async Task<Ok<TrendCorridorsDto>> Get(HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource dataSource,
        CaseValidation reference, CancellationToken cancellationToken)
    {
        var query = TrendQuery.Parse(request, Parameters, null);
        var scope = CallerScopes.From(user);
        if (scope.Tier == Tier.Public)
        {
            throw new CaseAccessDeniedException("Corridors are shown to national and regional users only.");
        }

        if (scope.Tier == Tier.National && query.Filter.Country is { } country && country != scope.Country)
        {
            throw new CaseAccessDeniedException($"National users see their own country's cases ({scope.Country}), not {country}'s.");
        }

        query.CheckKnown(await reference.ContextAsync());
        var f = query.Filter;
        var snapshot = await CorridorRun.ComputeAsync(dataSource, scope,
            new CaseFilter(f.From, f.To, f.CommodityGroup, f.Country, f.Species, f.Agency, f.TransportMode), cancellationToken);
        double[] At(string iso2) => snapshot.Points.TryGetValue(iso2, out var p) ? [p.X, p.Y] : [];
        return TypedResults.Ok(new TrendCorridorsDto(snapshot.Cases,
            snapshot.Flows.Take(TopFlows).Select(x => new TrendFlowDto(x.From, x.To, x.Cases, x.QuantityKg, At(x.From), At(x.To))).ToList(),
            snapshot.Roles.Select(r => new TrendRoleDto(r.Country, r.Origin, r.Export, r.Transit, r.Destination, r.SeizuresIn, r.SeizuresOut,
                r.Betweenness)).ToList()));
    }
}
