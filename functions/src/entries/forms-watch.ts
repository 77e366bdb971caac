// Entry of the CloudEvent function "formsWatch", fed by the Forms API watch topic through Pub/Sub.
import * as functions from '@google-cloud/functions-framework';
import { instance } from './instance.js';

functions.cloudEvent('formsWatch', (event: functions.CloudEvent<unknown>) => instance().formsWatch(event));
