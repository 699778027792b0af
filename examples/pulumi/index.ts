// Placeholder until the Pulumi backend lands: validates the definition only.
import { synthesizeCluster } from '../../lib';
import { defineMinimal } from '../minimal';

synthesizeCluster(defineMinimal());
