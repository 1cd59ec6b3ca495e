import factory

from providers.models import Provider, ProviderType, Rating, Regulator


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Provider {n} Home Care")
    legal_name = factory.LazyAttribute(lambda p: f"{p.name} Ltd")
    provider_type = ProviderType.INDEPENDENT
    regulator = Regulator.CQC
    regulator_id = factory.Sequence(lambda n: f"1-{100000000 + n}")
    rating = Rating.GOOD
    postcode = "ES1 4QT"
