// Entry of the HTTP function "training": submissions, health, and the jobs Cloud Scheduler calls.
import * as functions from '@google-cloud/functions-framework';
import { instance } from './instance.js';

functions.http('training', (req, res) => instance().handler(req, res));
