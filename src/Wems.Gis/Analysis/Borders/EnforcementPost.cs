using Wems.Gis.Cases;
using Wems.Gis.Reference;

namespace Wems.Gis.Analysis.Borders;

/// <summary>
/// A place from which a stretch of border is watched: a border post, ranger or customs station. Sets of posts are
/// user-editable (today's posts, a proposal), so any list can be given to <see cref="BorderCoverage"/>.
/// </summary>
/// <param name="Id">Key of the post within its set, used to name the posts that cover a segment.</param>
/// <param name="Name">Display name.</param>
/// <param name="Country">ISO alpha-2 code of the country that staffs the post.</param>
/// <param name="Location">WGS84 position, x = longitude, y = latitude.</param>
public sealed record EnforcementPost(string Id, string Name, string Country, GeoPoint Location)
{
    /// <summary>
    /// A post at a curated site (for example a border post of <c>sites/border_posts.csv</c>), with the id
    /// <c>"{Country}-{Name}"</c> ("KE-Namanga"), unique among the curated border posts (a post of each country at a
    /// crossing: "KE-Busia" and "UG-Busia").
    /// </summary>
    /// <param name="site">The site; any kind may serve as a post.</param>
    public static EnforcementPost FromSite(Site site)
    {
        ArgumentNullException.ThrowIfNull(site);
        return new EnforcementPost($"{site.Country}-{site.Name}", site.Name, site.Country, site.Location);
    }
}
