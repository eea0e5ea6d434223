using Microsoft.AspNetCore.Identity;
using Wems.Gis.Storage;

namespace Wems.Web.Cli;

/// <summary>
/// The demo accounts: one per role and country of the WEMS-Africa demo region. Their password comes from
/// <c>WEMS_DEMO_PASSWORD</c> and nowhere else: no password is built into the code.
/// </summary>
public static class DemoAccounts
{
    public const string PasswordVariable = "WEMS_DEMO_PASSWORD";

    public static IReadOnlyList<UserAccount> All { get; } =
    [
        new("admin", "System administrator", null, "system-admin"),
        new("ke-officer", "Kenya Wildlife Service officer", "KWS", "officer"),
        new("ke-analyst", "Kenya Wildlife Service analyst", "KWS", "analyst"),
        new("tz-analyst", "Tanzania Wildlife Management Authority analyst", "TAWA", "analyst"),
        new("ug-analyst", "Uganda Wildlife Authority analyst", "UWA", "analyst"),
        new("cg-analyst", "Republic of Congo wildlife administration analyst", "CG-MEFDD", "analyst"),
        new("latf-analyst", "Lusaka Agreement Task Force regional analyst", "LATF", "regional-analyst"),
    ];

    /// <summary>Creates (or resets) the demo accounts with <paramref name="password"/>, hashed.</summary>
    public static async Task<IReadOnlyList<UserAccount>> CreateAsync(AccountRepository accounts, string password)
    {
        var hasher = new PasswordHasher<UserAccount>();
        foreach (var account in All)
        {
            await accounts.UpsertAsync(account, hasher.HashPassword(account, password));
        }

        return All;
    }
}
