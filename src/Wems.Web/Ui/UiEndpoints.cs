using System.Text.Json.Nodes;
using Microsoft.Extensions.FileProviders;

namespace Wems.Web.Ui;

/// <summary>
/// The map-centred UI: static assets (wwwroot, MapLibre GL JS from npm under <c>/lib/maplibre-gl/</c>) and the
/// MapLibre styles of <c>styles/</c> served at <c>/styles/{name}.json</c> with the server's own absolute URLs.
/// </summary>
public static class UiEndpoints
{
    /// <summary>Serves the static files from the build output's <c>wwwroot</c> (copied there by the build).</summary>
    public static WebApplication UseWemsUi(this WebApplication app)
    {
        var webRoot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var files = new PhysicalFileProvider(Directory.Exists(webRoot) ? webRoot : app.Environment.WebRootPath);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // ES modules must be served as JavaScript for the browser to run them.
            ContentTypeProvider = new Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider { Mappings = { [".mjs"] = "text/javascript", [".pbf"] = "application/x-protobuf" } },
        });
        return app;
    }

    public static IEndpointRouteBuilder MapStyles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/styles/{name}.json", GetStyle).WithTags("Styles").AllowAnonymous();
        return app;
    }

    /// <summary>
    /// A style of <c>styles/</c> with <c>{server}</c> replaced by this server's base URL in every source URL and the glyphs URL, so
    /// MapLibre (and QGIS) can load it from anywhere. Only names of files that exist are served.
    /// </summary>
    internal static IResult GetStyle(string name, HttpRequest request)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "styles");
        var file = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.json").FirstOrDefault(f => Path.GetFileNameWithoutExtension(f) == name)
            : null;
        if (file is null)
        {
            return TypedResults.Problem(title: "Not found", detail: $"There is no style '{name}'.", statusCode: StatusCodes.Status404NotFound);
        }

        var server = $"{request.Scheme}://{request.Host}{request.PathBase}";
        var style = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        foreach (var (_, source) in style["sources"]!.AsObject())
        {
            if (source?["url"] is JsonValue url)
            {
                source["url"] = url.GetValue<string>().Replace("{server}", server, StringComparison.Ordinal);
            }
        }

        if (style["glyphs"] is JsonValue glyphs)
        {
            style["glyphs"] = glyphs.GetValue<string>().Replace("{server}", server, StringComparison.Ordinal);
        }

        return TypedResults.Text(style.ToJsonString(), "application/json");
    }
}
