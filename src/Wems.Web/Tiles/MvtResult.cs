using System.IO.Compression;
using Microsoft.Net.Http.Headers;
using Wems.Tiles.Caching;

namespace Wems.Web.Tiles;

/// <summary>
/// A tile response: 200 with the MVT, 204 for an empty tile, 304 when <c>If-None-Match</c> names the ETag. The body is
/// gzip-compressed whenever the client accepts gzip (and never otherwise), with its own ETag (the identity tag with
/// "-gzip", as Apache does), and <c>Vary: Accept-Encoding</c> on every answer. <c>X-Tile-Cache</c> says whether the
/// tile came from the server's cache (<c>hit</c>) or was rendered for this request (<c>miss</c>).
/// </summary>
internal sealed class MvtResult(CachedTile tile, bool isPublic, int maxAgeSeconds, bool cacheHit) : IResult
{
    public const string ContentType = "application/vnd.mapbox-vector-tile";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        var response = httpContext.Response;
        var gzip = !tile.Payload.IsEmpty && AcceptsGzip(request);
        var etag = gzip ? tile.ETag.Insert(tile.ETag.Length - 1, "-gzip") : tile.ETag;
        response.Headers.CacheControl = $"{(isPublic ? "public" : "private")}, max-age={maxAgeSeconds}";
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        response.Headers.ETag = etag;
        response.Headers["X-Tile-Cache"] = cacheHit ? "hit" : "miss";
        if (Matches(request, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        if (tile.Payload.IsEmpty)
        {
            response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        response.ContentType = ContentType;
        if (!gzip)
        {
            response.ContentLength = tile.Payload.Length;
            await response.Body.WriteAsync(tile.Payload, httpContext.RequestAborted);
            return;
        }

        using var compressed = new MemoryStream();
        await using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await zip.WriteAsync(tile.Payload, httpContext.RequestAborted);
        }

        response.Headers.ContentEncoding = "gzip";
        response.ContentLength = compressed.Length;
        await response.Body.WriteAsync(compressed.GetBuffer().AsMemory(0, (int)compressed.Length), httpContext.RequestAborted);
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var codings)
        && codings.Any(c => (c.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) || c.Value.Equals("*", StringComparison.Ordinal))
                            && (c.Quality ?? 1) > 0);

    // If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/"x" matches "x".
    private static bool Matches(HttpRequest request, string etag) =>
        EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)
        && tags.Any(t => t.Tag.Equals("*", StringComparison.Ordinal) || t.Tag.Equals(etag, StringComparison.Ordinal));
}
