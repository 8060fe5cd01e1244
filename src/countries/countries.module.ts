import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CountriesController } from './countries.controller.js';
import { CountriesRepository } from './countries.repository.js';
import { CountriesResolver } from './countries.resolver.js';
import { CountriesService } from './countries.service.js';
import { CountryRegion } from './country-region.entity.js';
import { Country } from './country.entity.js';
import { Region } from './region.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([Country, Region, CountryRegion])],
  controllers: [CountriesController],
  providers: [CountriesRepository, CountriesService, CountriesResolver],
  exports: [CountriesService, CountriesRepository],
})
export class CountriesModule {}
