using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Governance;

/// <summary>Sharing, public statistics and header tests share one server; each test uses its own cases.</summary>
[CollectionDefinition(Name)]
public sealed class GovernanceServer : ICollectionFixture<WemsFactory>
{
    public const string Name = "governance";
}
